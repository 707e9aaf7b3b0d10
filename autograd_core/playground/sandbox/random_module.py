"""`import random`: Python's random module, as a generator of the run's own.

Each run gets its own `random.Random`, seeded from the operating system as Python seeds its
module at start-up, so `random.seed(42)` followed by draws gives exactly the numbers Python
gives, and no run can see or disturb another's (or the server's) sequence. Every function is
bounded before it runs: `sample(range(10**9), k)` is limited by k, `shuffle` charges for the
list it reorders, `seed` takes only numbers and short strings.
"""

from __future__ import annotations

import operator
import random
from typing import Any

from .values import Function

RANDOM_PATH = "random"
FUNCTIONS = frozenset(
    [
        "seed",
        "random",
        "uniform",
        "randint",
        "randrange",
        "choice",
        "choices",
        "shuffle",
        "sample",
        "gauss",
        "normalvariate",
        "expovariate",
        "betavariate",
        "triangular",
        "getrandbits",
    ]
)


def _generator(interp: Any) -> random.Random:
    if interp.random is None:
        interp.random = random.Random()
    return interp.random


def _check(interp: Any, name: str, args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    """Bound the work of random.<name>(*args, **kwargs); returns the args to use."""
    budget = interp.budget
    if name == "seed":
        value = args[0] if args else kwargs.get("a")
        if not isinstance(value, int | float | str | type(None)):
            raise TypeError(
                "The only supported seed types are: None, int, float, str, bytes, and bytearray."
            )
        if isinstance(value, str):
            budget.check_string(len(value))
    elif name in ("shuffle", "choice") and args:
        if name == "shuffle" and not isinstance(args[0], list):
            raise TypeError("shuffle() needs a list here: shuffle(my_list)")
        n = interp.length(args[0])
        if n is None:
            raise TypeError(f"object of type '{type(args[0]).__name__}' has no len()")
        budget.charge(n // 4 + 1)
    elif name == "sample" and args:
        k = args[1] if len(args) > 1 else kwargs.get("k", 0)
        budget.check_container(operator.index(k))
        population = args[0]
        if not isinstance(population, list | tuple | range | str):
            population = interp.materialize(population)
        budget.charge_items(operator.index(k))
        args = [population, *args[1:]]
    elif name == "choices":
        k = kwargs.get("k", 1)
        budget.charge_items(operator.index(k))
        if args:
            args = [interp.materialize(args[0]), *args[1:]]
    elif name == "getrandbits" and args:
        budget.check_int_bits(operator.index(args[0]))
    return args


def random_member(interp: Any, name: str) -> Function:
    """`random.<name>` for this run (a builtin-like Function bound to the run's generator)."""
    if name not in FUNCTIONS:
        raise AttributeError(f"module 'random' has no attribute '{name}'")

    def call(interp: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        for key in ("cum_weights", "weights") if name == "choices" else ():
            if kwargs.get(key) is not None:
                kwargs = {**kwargs, key: interp.materialize(kwargs[key])}
        args = _check(interp, name, list(args), kwargs)
        return getattr(_generator(interp), name)(*args, **kwargs)

    return Function(f"random.{name}", call, "builtin")
