// The search box on every page: MiniSearch over a prebuilt index of operations, webhooks, schemas and guide sections.
// Results are plain links (reference anchors or guide sections), so they work with the keyboard, middle-click and
// without this script's help once rendered.
(() => {
  var input = document.getElementById('site-search');
  var list = document.getElementById('site-search-results');
  var payload = window.__ZEST_SEARCH_INDEX__;
  if (!input || !list || !payload || !window.MiniSearch || !window.zestLoadSearchIndex || !window.zestBoostDocument)
    return;

  var onAdminPage = /(^|\/)sandbox-admin\.html$/.test(location.pathname);
  var index = window.zestLoadSearchIndex(window.MiniSearch, payload);
  var active = -1;
  // Focusable by script only: a click on the list's scrollbar keeps focus inside the search box and its list.
  list.tabIndex = -1;

  function clear() {
    list.innerHTML = '';
    list.hidden = true;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function render(results, query) {
    list.innerHTML = '';
    active = -1;
    if (!results.length) {
      list.appendChild(el('li', 'search-empty', `No results for \u201c${query}\u201d`));
    }
    results.slice(0, 10).forEach((r, i) => {
      var li = el('li');
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.id = `site-search-option-${i}`;
      var a = el('a');
      a.href = r.url;
      a.appendChild(el('span', `search-kind search-kind-${r.kind.toLowerCase().replace(/[^a-z]+/g, '-')}`, r.kind));
      a.appendChild(el('span', 'search-title', r.title));
      if (r.detail) a.appendChild(el('span', 'search-detail', r.detail));
      a.addEventListener('click', () => {
        clear();
        input.blur();
      });
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function highlight(i) {
    var items = list.querySelectorAll('li[role=option]');
    if (!items.length) return;
    active = (i + items.length) % items.length;
    items.forEach((li, j) => {
      li.classList.toggle('active', j === active);
      li.setAttribute('aria-selected', j === active ? 'true' : 'false');
    });
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  }

  input.addEventListener('input', () => {
    var q = input.value.trim();
    if (!q) return clear();
    var boostDocument = window.zestBoostDocument(onAdminPage, q);
    var results = index.search(q, { boostDocument: boostDocument });
    if (!results.length) results = index.search(q, { boostDocument: boostDocument, combineWith: 'OR' });
    // Contributor pages still answer, after everything a partner reads: the site is the partners' first.
    results = results.filter((r) => r.kind !== 'Contributors').concat(results.filter((r) => r.kind === 'Contributors'));
    render(results, q);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      highlight(active + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      highlight(active - 1);
    } else if (e.key === 'Escape') {
      // Closes the list and stays in the box; a second Escape empties it (a search field's own Escape would empty it
      // at once).
      if (list.hidden) input.value = '';
      else e.preventDefault();
      clear();
    } else if (e.key === 'Enter') {
      const target = list.querySelectorAll('li[role=option] a')[Math.max(active, 0)];
      if (target) {
        e.preventDefault();
        target.click();
      }
    }
  });
  // Escape on a focused result closes the list and returns to the box; leaving the box and its list closes the list.
  list.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    clear();
    input.focus();
  });
  input.parentElement.addEventListener('focusout', (e) => {
    if (!e.relatedTarget || !input.parentElement.contains(e.relatedTarget)) clear();
  });
  document.addEventListener('click', (e) => {
    if (!list.contains(e.target) && e.target !== input) clear();
  });
  document.addEventListener('keydown', (e) => {
    var t = e.target;
    var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
    if (e.key === '/' && !typing) {
      e.preventDefault();
      input.focus();
    }
  });

  // Copy buttons on guide code blocks.
  document.querySelectorAll('[data-copy]').forEach((button) => {
    button.addEventListener('click', () => {
      var code = button.parentElement.querySelector('code');
      if (!code || !navigator.clipboard) return;
      navigator.clipboard.writeText(code.textContent).then(
        () => {
          button.textContent = 'Copied';
          setTimeout(() => {
            button.textContent = 'Copy';
          }, 1200);
        },
        () => {},
      );
    });
  });

  input.disabled = false;
  document.documentElement.setAttribute('data-search-ready', '');
})();
