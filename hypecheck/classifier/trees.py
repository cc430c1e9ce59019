"""Gradient-boosted regression trees as plain arrays, scored in numpy.

Training fits sklearn's HistGradientBoostingRegressor; `export` flattens its trees into
a few numeric arrays (no pickle), and `Trees` walks all trees of a batch at once.
"""

from __future__ import annotations

import numpy as np

ARRAYS = ("tree_feature", "tree_threshold", "tree_left", "tree_right", "tree_leaf", "tree_value",
          "tree_root", "tree_base")


class Trees:
    """prediction = base + sum over trees of the leaf reached (go left when x <= threshold)."""

    def __init__(self, arrays: dict[str, np.ndarray], depth: int):
        leaf = arrays["tree_leaf"].astype(bool)
        idx = np.arange(len(leaf))
        # a leaf points to itself, so every row can take exactly `depth` steps in lockstep
        self.feature = np.where(leaf, 0, arrays["tree_feature"]).astype(np.int64)
        self.threshold = np.where(leaf, np.inf, arrays["tree_threshold"]).astype(np.float64)
        self.left = np.where(leaf, idx, arrays["tree_left"]).astype(np.int64)
        self.right = np.where(leaf, idx, arrays["tree_right"]).astype(np.int64)
        self.value = np.asarray(arrays["tree_value"], dtype=np.float64)
        self.root = np.asarray(arrays["tree_root"], dtype=np.int64)
        self.base = float(arrays["tree_base"][0])
        self.depth = int(depth)
        n = len(leaf)
        for name in ("left", "right"):
            child = getattr(self, name)
            if len(child) and (child.min() < 0 or child.max() >= n):
                raise ValueError("tree child index out of range")
        if len(self.root) and (self.root.min() < 0 or self.root.max() >= n):
            raise ValueError("tree root index out of range")

    @property
    def n_features(self) -> int:
        return int(self.feature.max(initial=-1)) + 1

    def predict(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        node = np.broadcast_to(self.root, (len(X), len(self.root))).copy()
        rows = np.arange(len(X))[:, None]
        for _ in range(self.depth):
            left = X[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(left, self.left[node], self.right[node])
        return self.base + self.value[node].sum(axis=1)


def export(model) -> tuple[dict[str, np.ndarray], int]:
    """The arrays of a fitted HistGradientBoostingRegressor (numeric splits only), and the
    depth of its deepest tree."""
    parts: dict[str, list] = {k: [] for k in ARRAYS[:-2]}
    roots, offset, depth = [], 0, 0
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits are not supported")
        roots.append(offset)
        parts["tree_feature"].append(nodes["feature_idx"])
        parts["tree_threshold"].append(nodes["num_threshold"])
        parts["tree_left"].append(nodes["left"] + offset)
        parts["tree_right"].append(nodes["right"] + offset)
        parts["tree_leaf"].append(nodes["is_leaf"])
        parts["tree_value"].append(nodes["value"])
        depth = max(depth, int(nodes["depth"].max()))
        offset += len(nodes)
    arrays = {
        "tree_feature": np.concatenate(parts["tree_feature"]).astype(np.int16),
        "tree_threshold": np.concatenate(parts["tree_threshold"]).astype(np.float64),
        "tree_left": np.concatenate(parts["tree_left"]).astype(np.int32),
        "tree_right": np.concatenate(parts["tree_right"]).astype(np.int32),
        "tree_leaf": np.concatenate(parts["tree_leaf"]).astype(np.uint8),
        "tree_value": np.concatenate(parts["tree_value"]).astype(np.float64),
        "tree_root": np.array(roots, dtype=np.int32),
        "tree_base": np.array([float(np.ravel(model._baseline_prediction)[0])]),
    }
    return arrays, depth
