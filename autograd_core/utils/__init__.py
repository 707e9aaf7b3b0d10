"""torch.utils: `hooks` (RemovableHandle) and `data` (Dataset, DataLoader, random_split).

`data` is imported by the package's __init__ once the tensor machinery exists: importing it here
would run before Tensor is defined (hooks.py is needed by the graph nodes themselves).
"""

from . import hooks

__all__ = ["hooks"]
