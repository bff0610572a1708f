// Shared by the build (which indexes) and the browser (which queries): MiniSearch needs the same tokenizer on both
// sides. Besides plain words it yields the camelCase parts of identifiers, so "spv" finds createSpvRequest and
// "funding receipt" finds uploadFundingReceipt. A hyphenated name (Zest-Signature, Idempotency-Key) is also kept
// whole: split into "zest" and "signature" alone, a search for one header matched every text that says "zest" and
// "id" somewhere, and "Zest-Event-Id" listed operations that never carry it. Loaded as a classic script in the page
// and imported by Node.
globalThis.zestTokenize = function zestTokenize(text) {
  const out = [];
  const words = String(text).split(/[^\p{L}\p{N}_.-]+/u);
  for (let i = 0; i < words.length; i++) {
    const w = words[i].replace(/^[-._]+|[-._]+$/g, '');
    if (!w) continue;
    out.push(w);
    const parts = w.split(/[-._]|(?<=[a-z0-9])(?=[A-Z])/);
    if (parts.length > 1) for (let j = 0; j < parts.length; j++) if (parts[j]) out.push(parts[j]);
  }
  return out;
};
