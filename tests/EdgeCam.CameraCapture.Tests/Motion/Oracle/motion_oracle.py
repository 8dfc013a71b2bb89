#!/usr/bin/python3
"""OpenCV reference for EdgeCam's motion detector, stage by stage (tests only).

usage: motion_oracle.py frames.raw width height threshold alpha changed_alpha min_region_pixels contrast(0|1) outdir
Reads raw 8-bit gray frames, writes blurred.raw, changed.raw, dilated.raw (one frame after another) and
regions.txt ("frame x y w h area" for each 8-connected component of at least min_region_pixels).
Frame 0 only seeds the background (its masks are zero), as in the detector.
"""
import sys
import numpy as np
import cv2

cv2.setNumThreads(1)
path, w, h, t, alpha, changed_alpha, min_px, contrast, out = sys.argv[1:10]
w, h, t, min_px, contrast = int(w), int(h), int(t), int(min_px), contrast == "1"
alpha, changed_alpha = float(alpha), float(changed_alpha)
data = np.fromfile(path, dtype=np.uint8)
frames = data.reshape(-1, h, w)
lows, highs = [], []
bg = None
blurred_out, changed_out, dilated_out, regions = [], [], [], []
kernel = np.ones((3, 3), np.uint8)

for n, frame in enumerate(frames):
    if contrast:
        sample = frame[::4, ::4].ravel()
        lows.append(int(np.percentile(sample, 4, method="lower")))
        highs.append(int(np.percentile(sample, 96, method="higher")))
        lows, highs = lows[-10:], highs[-10:]
        mean_low = (sum(lows) + len(lows) // 2) // len(lows)
        mean_high = (sum(highs) + len(highs) // 2) // len(highs)
        span = max(32, mean_high - mean_low)
        low = min(mean_low, 255 - span)
        lut = np.clip((np.arange(256) - low) * 255.0 / span, 0, 255).round().astype(np.uint8)
        frame = cv2.LUT(frame, lut)
    blurred = cv2.GaussianBlur(frame, (3, 3), 0, borderType=cv2.BORDER_REFLECT_101)
    if bg is None:
        bg = blurred.astype(np.float32)
        changed = np.zeros_like(blurred)
        dilated = np.zeros_like(blurred)
    else:
        delta = cv2.absdiff(blurred, cv2.convertScaleAbs(bg))
        _, changed = cv2.threshold(delta, t, 255, cv2.THRESH_BINARY)
        cv2.accumulateWeighted(blurred, bg, alpha, mask=cv2.bitwise_not(changed))
        cv2.accumulateWeighted(blurred, bg, changed_alpha, mask=changed)
        dilated = cv2.dilate(changed, kernel, iterations=1)
        count, _, stats, _ = cv2.connectedComponentsWithStats(dilated, connectivity=8)
        for i in range(1, count):
            x, y, bw, bh, area = (int(v) for v in stats[i])
            if area >= min_px:
                regions.append(f"{n} {x} {y} {bw} {bh} {area}")
    blurred_out.append(blurred)
    changed_out.append(changed)
    dilated_out.append(dilated)

np.concatenate([f.ravel() for f in blurred_out]).tofile(f"{out}/blurred.raw")
np.concatenate([f.ravel() for f in changed_out]).tofile(f"{out}/changed.raw")
np.concatenate([f.ravel() for f in dilated_out]).tofile(f"{out}/dilated.raw")
with open(f"{out}/regions.txt", "w") as f:
    f.write("\n".join(regions) + "\n")
