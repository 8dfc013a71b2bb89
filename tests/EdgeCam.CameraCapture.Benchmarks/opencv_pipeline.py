#!/usr/bin/python3
"""The detector's pipeline in OpenCV on one thread, timed: prints frames per second.
usage: opencv_pipeline.py frames.raw width height"""
import sys, time
import numpy as np
import cv2

cv2.setNumThreads(1)
path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
frames = np.fromfile(path, dtype=np.uint8).reshape(-1, h, w)
kernel = np.ones((3, 3), np.uint8)
bg = None
lows, highs = [], []
start = time.perf_counter()
for frame in frames:
    hist = cv2.calcHist([frame[::4, ::4]], [0], None, [256], [0, 256]).ravel().cumsum()
    n = hist[-1]
    lows.append(int(np.searchsorted(hist, 0.04 * (n - 1), side="right")))
    highs.append(int(np.searchsorted(hist, 0.96 * (n - 1), side="right")))
    lows, highs = lows[-10:], highs[-10:]
    low = sum(lows) // len(lows)
    span = max(32, sum(highs) // len(highs) - low)
    lut = np.clip((np.arange(256) - low) * 255.0 / span, 0, 255).astype(np.uint8)
    blurred = cv2.GaussianBlur(cv2.LUT(frame, lut), (3, 3), 0)
    if bg is None:
        bg = blurred.astype(np.float32)
        continue
    _, changed = cv2.threshold(cv2.absdiff(blurred, cv2.convertScaleAbs(bg)), 30, 255, cv2.THRESH_BINARY)
    cv2.accumulateWeighted(blurred, bg, 0.05, mask=cv2.bitwise_not(changed))
    cv2.accumulateWeighted(blurred, bg, 0.01, mask=changed)
    dilated = cv2.dilate(changed, kernel)
    if cv2.countNonZero(dilated):
        cv2.connectedComponentsWithStats(dilated, connectivity=8)
elapsed = time.perf_counter() - start
print(f"{len(frames) / elapsed:.1f}")
