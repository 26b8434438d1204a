#!/usr/bin/env python3
"""Writes the small .npz fixtures next to this script with NumPy itself, so that the tests check
cnnlab's reader against files that NumPy wrote (zip64 extra fields, header padding, compression),
not only against files the tests write themselves. Run from anywhere: python3 make-npz-fixtures.py
(written with NumPy 2.4.6; the files are committed, the tests do not need NumPy).

Contents (images are 4 rows x 5 columns, so a swap of height and width shows):
  numpy-grey-binary.npz       savez_compressed, like MedMNIST's files: grey (N, 4, 5) uint8, labels (N, 1)
                              uint8 in {0, 1}; train 6, val 2, test 3 images;
                              pixel (r, c) of image i of split s = (40*s + 20*i + 5*r + c) % 256, s = 0, 1, 2
  numpy-colour-multiclass.npz savez (not compressed): colour (N, 4, 5, 3) uint8, labels (N, 1) int64 in 0..2;
                              train 6, val 3, test 3; pixel (r, c, k) = (60*s + 30*i + 10*r + 2*c + k) % 256
  numpy-multilabel.npz        savez_compressed: grey (N, 4, 5), labels (N, 3) uint8 of 0/1; train 4, val 2, test 2
"""
import os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
splits = ["train", "val", "test"]


def grey(n, s, a, b):
    i, r, c = np.meshgrid(np.arange(n), np.arange(4), np.arange(5), indexing="ij")
    return ((a * s + b * i + 5 * r + c) % 256).astype(np.uint8)


arrays = {}
for s, (name, n) in enumerate(zip(splits, [6, 2, 3])):
    arrays[name + "_images"] = grey(n, s, 40, 20)
    arrays[name + "_labels"] = (np.arange(n) % 2).reshape(n, 1).astype(np.uint8)
np.savez_compressed(os.path.join(here, "numpy-grey-binary.npz"), **arrays)

arrays = {}
for s, (name, n) in enumerate(zip(splits, [6, 3, 3])):
    i, r, c, k = np.meshgrid(np.arange(n), np.arange(4), np.arange(5), np.arange(3), indexing="ij")
    arrays[name + "_images"] = ((60 * s + 30 * i + 10 * r + 2 * c + k) % 256).astype(np.uint8)
    arrays[name + "_labels"] = (np.arange(n) % 3).reshape(n, 1).astype(np.int64)
np.savez(os.path.join(here, "numpy-colour-multiclass.npz"), **arrays)

arrays = {}
for s, (name, n) in enumerate(zip(splits, [4, 2, 2])):
    arrays[name + "_images"] = grey(n, s, 40, 20)
    arrays[name + "_labels"] = np.array([[(i >> k) & 1 for k in range(3)] for i in range(n)], dtype=np.uint8) if n == 4 \
        else np.array([[1, 0, 1], [0, 1, 0]], dtype=np.uint8)
np.savez_compressed(os.path.join(here, "numpy-multilabel.npz"), **arrays)
