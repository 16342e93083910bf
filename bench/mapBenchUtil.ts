// Shared by the map benches: flags, median, and what VS Code's postMessage makes of a message.

export const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** VS Code's webview postMessage (extHostWebview serializeWebviewMessage): JSON with a replacer that lifts typed arrays out as buffers. */
export function serializeLikeVsCode(message: unknown): { json: number; buffers: number } {
  let buffers = 0;
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value)) {
      buffers += value.byteLength;
      return { $$vscode_array_buffer_reference$$: true };
    }
    return value;
  });
  return { json: json.length, buffers };
}
