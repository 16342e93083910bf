// Marks the address plan and the aggregated overview draw alike: the hatch of an overlap (red) or
// of a block outside the pod network (yellow), and the corner triangle of "findings here".

export function hatch(ctx: CanvasRenderingContext2D, color: string, dpr: number): CanvasPattern | string {
  const size = Math.round(6 * dpr);
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const p = c.getContext('2d');
  if (!p) return color;
  p.strokeStyle = color;
  p.lineWidth = Math.max(1, dpr * 1.5);
  p.beginPath();
  p.moveTo(0, size);
  p.lineTo(size, 0);
  p.moveTo(-size / 2, size / 2);
  p.lineTo(size / 2, -size / 2);
  p.moveTo(size / 2, size * 1.5);
  p.lineTo(size * 1.5, size / 2);
  p.stroke();
  const pattern = ctx.createPattern(c, 'repeat');
  pattern?.setTransform(new DOMMatrix().scale(1 / dpr));
  return pattern ?? color;
}

/** A small corner triangle: "the cluster reports findings here". */
export function flag(ctx: CanvasRenderingContext2D, color: string, x: number, y: number, size: number): void {
  const t = Math.max(3, Math.floor(size / 3));
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x + t, y);
  ctx.lineTo(x, y + t);
  ctx.fill();
}
