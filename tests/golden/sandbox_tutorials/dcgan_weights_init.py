# The DCGAN tutorial's weights_init, the most copied init function there is: it picks layers by
# their class name (m.__class__.__name__ with str.find), then nn.init.normal_ on .weight.data and
# constant_ on .bias.data, applied with netD.apply(weights_init); the tutorial's Discriminator
# (Conv2d / BatchNorm2d / LeakyReLU / Sigmoid, at 16x16 instead of 64x64) and the first half of
# its training step: BCELoss on a batch labelled real, errD_real.backward(), D_x.
import torch
import torch.nn as nn
import torch.optim as optim

# Number of channels in the training images
nc = 1
# Size of feature maps in discriminator
ndf = 4
ngpu = 0
lr = 0.0002
beta1 = 0.5


# custom weights initialization called on ``netG`` and ``netD``
def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)


class Discriminator(nn.Module):
    def __init__(self, ngpu):
        super(Discriminator, self).__init__()
        self.ngpu = ngpu
        self.main = nn.Sequential(
            # input is ``(nc) x 16 x 16``
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. ``(ndf) x 8 x 8``
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. ``(ndf*2) x 4 x 4``
            nn.Conv2d(ndf * 2, 1, 4, 1, 0, bias=False),
            nn.Sigmoid()
        )

    def forward(self, input):
        return self.main(input)


torch.manual_seed(999)
# Create the Discriminator
netD = Discriminator(ngpu)

# Apply the ``weights_init`` function to randomly initialize all weights
# like this: ``to mean=0, stdev=0.2``.
netD.apply(weights_init)

# Print the model
print(netD)
print([m.__class__.__name__ for m in netD.modules()])
print(round(netD.main[0].weight.std().item(), 2), round(netD.main[3].weight.mean().item(), 2))
print(netD.main[3].bias)

# Initialize the ``BCELoss`` function
criterion = nn.BCELoss()
# Establish convention for real and fake labels during training
real_label = 1.
fake_label = 0.
optimizerD = optim.Adam(netD.parameters(), lr=lr, betas=(beta1, 0.999))

real_cpu = torch.rand(8, nc, 16, 16) * 2 - 1
b_size = real_cpu.size(0)
for i in range(3):
    netD.zero_grad()
    label = torch.full((b_size,), real_label, dtype=torch.float)
    # Forward pass real batch through D
    output = netD(real_cpu).view(-1)
    # Calculate loss on all-real batch
    errD_real = criterion(output, label)
    # Calculate gradients for D in backward pass
    errD_real.backward()
    D_x = output.mean().item()
    optimizerD.step()
    print('[%d/%d]\tLoss_D: %.4f\tD(x): %.4f' % (i, 3, errD_real.item(), D_x))
print(output.shape, output.grad_fn, label.dtype)
