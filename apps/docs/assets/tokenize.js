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

// Ranking shared by the page and the tests: the sandbox admin API's operations (kind "Sandbox admin") rank ahead on
// their own page and behind the Partner API's everywhere else, so "subscription.completed" answers with the webhook
// first on a partner page; a query that is an admin operationId (the document id is "admin:<operationId>") is never
// held back. Returns MiniSearch's `boostDocument` option for one query.
globalThis.zestBoostDocument = function zestBoostDocument(onAdminPage, query) {
  const exact = `admin:${String(query ?? '').trim()}`.toLowerCase();
  return (id, _term, stored) => {
    if (stored?.kind !== 'Sandbox admin') return 1;
    if (onAdminPage) return 1.5;
    return String(id).toLowerCase() === exact ? 1 : 0.5;
  };
};

// The index as the page queries it, loaded from the build's payload with the same tokenizer and search options on the
// page and in the tests (three copies of these options had to be kept in step by hand).
globalThis.zestLoadSearchIndex = function zestLoadSearchIndex(MiniSearch, payload) {
  return MiniSearch.loadJS(payload.index, {
    fields: payload.fields,
    storeFields: payload.storeFields,
    tokenize: globalThis.zestTokenize,
    searchOptions: { boost: payload.boost, prefix: true, fuzzy: 0.15, combineWith: 'AND' },
  });
};
