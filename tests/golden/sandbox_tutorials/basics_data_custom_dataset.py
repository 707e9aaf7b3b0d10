# PyTorch "Learn the Basics: Datasets & DataLoaders": a custom Dataset (__init__, __len__,
# __getitem__), indexing it, and iterating a DataLoader with next(iter(...)).
# https://pytorch.org/tutorials/beginner/basics/data_tutorial.html
# (The tutorial reads FashionMNIST images from disk; here the samples are made in __init__.)
import torch
from torch.utils.data import Dataset, DataLoader

labels_map = {0: "T-Shirt", 1: "Trouser", 2: "Pullover", 3: "Dress"}


class CustomImageDataset(Dataset):
    def __init__(self, n, transform=None, target_transform=None):
        self.images = torch.arange(n * 4, dtype=torch.float32).reshape(n, 2, 2) / (n * 4)
        self.img_labels = [i % 4 for i in range(n)]
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.img_labels)

    def __getitem__(self, idx):
        image = self.images[idx]
        label = self.img_labels[idx]
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label


training_data = CustomImageDataset(10)
print(len(training_data))
img, label = training_data[5]
print(labels_map[label], img)

train_dataloader = DataLoader(training_data, batch_size=4, shuffle=False)
print(len(train_dataloader))
train_features, train_labels = next(iter(train_dataloader))
print(f"Feature batch shape: {train_features.size()}")
print(f"Labels batch shape: {train_labels.size()}")
img = train_features[0].squeeze()
label = train_labels[0]
print(f"Label: {label}", labels_map[label.item()])

# "Transforms": target_transform one-hot encodes the label (torchvision's Lambda(...) wraps
# the same lambda)
one_hot = CustomImageDataset(
    6,
    transform=lambda x: x * 2,
    target_transform=lambda y: torch.zeros(4, dtype=torch.float).scatter_(0, torch.tensor(y), value=1),
)
x, y = one_hot[1]
print(x, y)
for batch, (X, Y) in enumerate(DataLoader(one_hot, batch_size=4)):
    print(batch, X.shape, Y.sum(0))
