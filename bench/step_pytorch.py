"""PyTorch eager twin of StepBenchmark: the seed CNN, batch 64, SGD+momentum, loss, accuracy
and the global gradient norm read back every step, input tensors created from the data every
step. LAYOUT: nchw (PyTorch's default, contiguous) or channels_last (input and model converted as
PyTorch's channels-last tutorial does). Usage: step_pytorch.py BATCH_FILE BN STEPS THREADS [LAYOUT]"""
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

path, bn, steps, threads = sys.argv[1], sys.argv[2] == "true", int(sys.argv[3]), int(sys.argv[4])
layout = sys.argv[5] if len(sys.argv) > 5 else "nchw"
memory_format = torch.channels_last if layout == "channels_last" else torch.contiguous_format
torch.set_num_threads(threads)
torch.set_num_interop_threads(1)
torch.manual_seed(1)

raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 3073)
labels = raw[:, 0].astype(np.int64)
mean = np.array([0.4914, 0.4822, 0.4465], dtype=np.float32).reshape(1, 3, 1, 1)
std = np.array([0.2470, 0.2435, 0.2616], dtype=np.float32).reshape(1, 3, 1, 1)
images = ((raw[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255.0) - mean) / std


def conv(cin, cout):
    layers = [nn.Conv2d(cin, cout, 3)]
    if bn:
        layers.append(nn.BatchNorm2d(cout))
    return layers + [nn.ReLU(), nn.MaxPool2d(2)]


model = nn.Sequential(*conv(3, 32), *conv(32, 64), nn.Flatten(), nn.Dropout(0.5), nn.Linear(64 * 6 * 6, 10))
model = model.to(memory_format=memory_format)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
count = min(len(labels), steps * 64) // 64 * 64
millis = []
for step in range(steps):
    start = time.perf_counter()
    i = (step * 64) % count
    x = torch.from_numpy(np.ascontiguousarray(images[i:i + 64])).contiguous(memory_format=memory_format)
    y = torch.from_numpy(labels[i:i + 64])
    logits = model(x)
    loss = F.cross_entropy(logits, y)
    optimizer.zero_grad()
    loss.backward()
    grad_norm = torch.norm(torch.stack([p.grad.norm() for p in model.parameters()])).item()
    optimizer.step()
    loss_value = loss.item()
    correct = (logits.argmax(1) == y).sum().item()
    millis.append((time.perf_counter() - start) * 1000)
measured = sorted(millis[20:])
print("pytorch layout=%s bn=%s steps=%d median_ms=%.2f mean_ms=%.2f" % (
    layout, str(bn).lower(), len(measured), measured[len(measured) // 2], sum(measured) / len(measured)))
