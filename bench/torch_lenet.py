#!/usr/bin/env python3
"""The PyTorch side of bench/run: the same LeNet, data, batch size, optimizer and epochs as
configs/bench-lenet.yaml, timed the same way as `cnnlab bench` (see bench/README.md); prints one JSON line.

Timed regions (as on the cnnlab side): images are decoded and scaled to [0, 1] in memory before any
timing. Training time covers every minibatch of the epochs: indexing the batch out of the in-memory
tensor with the epoch's permutation, forward, loss, backward, Adam step, reading the loss. Inference
time covers model(batch) over the whole test set in minibatches of the training batch size (eval mode,
no_grad), including slicing each batch. A throwaway model is warmed up for a few minibatches first.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def find(directory, name):
    for candidate in (name + ".gz", name):
        p = os.path.join(directory, candidate)
        if os.path.exists(p):
            return p
    sys.exit(f"torch_lenet.py: {name}(.gz) not found in {directory}")


class LeNet(nn.Module):
    """DL4J's example LeNet: conv 20 5x5 (identity), max-pool 2, conv 50 5x5 (identity), max-pool 2,
    dense 500 ReLU, dense 10 (softmax in the loss)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        self.fc1 = nn.Linear(50 * 4 * 4, 500)
        self.fc2 = nn.Linear(500, 10)
        for m in self.modules():   # DL4J's weightInit xavier: N(0, 2/(fanIn+fanOut)); biases 0
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                fan_in = m.weight[0].numel()
                fan_out = m.weight.shape[0] * (m.weight[0, 0].numel() if m.weight.dim() == 4 else 1)
                nn.init.normal_(m.weight, 0.0, (2.0 / (fan_in + fan_out)) ** 0.5)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = F.max_pool2d(self.conv1(x), 2)
        x = F.max_pool2d(self.conv2(x), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        return self.fc2(x)


def optimizer_for(model, lr, l2):
    # DL4J's l2(5e-4) adds l2 * w to the gradient of weights only (not biases), before Adam:
    # torch's Adam weight_decay does the same for the parameters it is given.
    weights = [p for n, p in model.named_parameters() if n.endswith("weight")]
    biases = [p for n, p in model.named_parameters() if n.endswith("bias")]
    return torch.optim.Adam([{"params": weights, "weight_decay": l2}, {"params": biases, "weight_decay": 0.0}], lr=lr)


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return -1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: torch's default)")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--train-limit", type=int, default=0)
    ap.add_argument("--test-limit", type=int, default=0)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--l2", type=float, default=5e-4)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--label", default="")
    a = ap.parse_args()

    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr = read_idx(find(a.data, "train-images-idx3-ubyte"))
    ytr = read_idx(find(a.data, "train-labels-idx1-ubyte"))
    xte = read_idx(find(a.data, "t10k-images-idx3-ubyte"))
    yte = read_idx(find(a.data, "t10k-labels-idx1-ubyte"))
    if a.train_limit > 0:
        xtr, ytr = xtr[:a.train_limit], ytr[:a.train_limit]
    if a.test_limit > 0:
        xte, yte = xte[:a.test_limit], yte[:a.test_limit]
    xtr = torch.from_numpy(xtr.astype(np.float32) / 255.0).unsqueeze(1).contiguous()
    xte = torch.from_numpy(xte.astype(np.float32) / 255.0).unsqueeze(1).contiguous()
    ytr = torch.from_numpy(ytr.astype(np.int64))
    yte = torch.from_numpy(yte.astype(np.int64))
    n, b = xtr.shape[0], a.batch

    if a.warmup > 0:
        warm = LeNet()
        opt = optimizer_for(warm, a.lr, a.l2)
        for i in range(min(a.warmup, (n + b - 1) // b)):
            xb, yb = xtr[i * b:(i + 1) * b], ytr[i * b:(i + 1) * b]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(warm(xb), yb)
            loss.backward()
            opt.step()
            loss.item()
        warm.eval()
        with torch.no_grad():
            for i in range(min(a.warmup, (xte.shape[0] + b - 1) // b)):
                warm(xte[i * b:(i + 1) * b])

    model = LeNet()
    opt = optimizer_for(model, a.lr, a.l2)
    model.train()
    loss_sum = 0.0
    start = time.perf_counter()
    for epoch in range(a.epochs):
        g = torch.Generator().manual_seed(a.seed + epoch)
        order = torch.randperm(n, generator=g)
        loss_sum = 0.0
        for i in range(0, n, b):
            idx = order[i:i + b]
            xb, yb = xtr[idx], ytr[idx]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * xb.shape[0]
    train_seconds = time.perf_counter() - start

    model.eval()
    correct = 0
    start = time.perf_counter()
    with torch.no_grad():
        for i in range(0, xte.shape[0], b):
            out = model(xte[i:i + b])
            correct += int((out.argmax(1) == yte[i:i + b]).sum())
    infer_seconds = time.perf_counter() - start

    print(json.dumps({
        "side": "pytorch", "label": a.label, "batch": b, "threads": torch.get_num_threads(),
        "train_images": n, "test_images": int(xte.shape[0]), "epochs": a.epochs,
        "train_seconds": train_seconds, "infer_seconds": infer_seconds,
        "train_ips": n * a.epochs / train_seconds, "infer_ips": xte.shape[0] / infer_seconds,
        "test_accuracy": correct / xte.shape[0], "train_loss": loss_sum / n,
        "peak_rss_mb": peak_rss_mb(), "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
