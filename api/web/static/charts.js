// The charts page: each chart runs one named query against /graphql like any
// client, draws it with Observable Plot, and shows the same figures as a
// table, the sources they come from, and the query (open in GraphiQL, or as
// CSV). No build step: plain script over the vendored d3 and Plot.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("tokenatlas-config").textContent);

  async function run(name, variables) {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query: config.queries[name].text, variables: variables || {} }),
    });
    const body = await response.json();
    if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
    return body.data;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }

  function table(columns, rows) {
    const head = el("tr", {}, ...columns.map(([label]) => el("th", { scope: "col" }, label)));
    const body = rows.map((r) => el("tr", {}, ...columns.map(([, get]) => el("td", {}, fmt(get(r))))));
    return el("table", {}, el("thead", {}, head), el("tbody", {}, ...body));
  }

  function fmt(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") return Number.isInteger(v) ? v.toLocaleString("en") : v.toPrecision(4);
    return String(v);
  }

  function sources(items) {
    const seen = new Map();
    for (const s of items) if (s && !seen.has(s.id)) seen.set(s.id, s.title || s.id);
    const list = el("ul", { class: "sources" });
    for (const [id, title] of seen) list.append(el("li", {}, `${title} (${id})`));
    return el("div", {}, el("h3", {}, `Sources (${seen.size})`), list);
  }

  function links(name, variables) {
    const params = new URLSearchParams({ query: config.queries[name].text });
    if (variables) params.set("variables", JSON.stringify(variables));
    const csv = new URLSearchParams(variables || {});
    const format = config.queries[name].tabular ? "csv" : "json";
    return el(
      "p",
      { class: "links" },
      el("a", { href: `/graphql?${params}` }, "Open the query in GraphiQL"),
      " · ",
      el("a", { href: `/q/${name}.${format}${csv.size ? "?" + csv : ""}` }, `The answer as ${format.toUpperCase()}`),
    );
  }

  // Fill one chart's figure: the plot, the table, the sources and the links.
  function show(figure, name, variables, plot, columns, rows, cited) {
    const box = figure.querySelector(".plot");
    box.replaceChildren(plot);
    const details = el("details", {}, el("summary", {}, "The figures as a table"), table(columns, rows));
    figure.querySelector(".detail").replaceChildren(details, sources(cited), links(name, variables));
  }

  function failed(figure, error) {
    figure.querySelector(".plot").replaceChildren(el("p", { class: "error" }, `Could not load: ${error.message}`));
    console.error(error);
  }

  const week = (p) => new Date(p.periodStart);
  const points = (series) => series.flatMap((s) => s.points.map((p) => ({ ...p, key: s.label || s.key })));

  async function shareChart(figure, name, what) {
    const data = await run(name);
    const rows = points(data.shareSeries.series);
    const plot = Plot.plot({
      width: 900,
      height: 380,
      x: { type: "utc", label: "week" },
      y: { grid: true, label: "tokens", tickFormat: "~s" },
      color: { legend: true, label: what },
      marks: [Plot.areaY(rows, Plot.stackY({ x: week, y: "tokens", fill: "key", title: "key" })), Plot.ruleY([0])],
    });
    const columns = [
      ["week", (r) => r.periodStart],
      [what, (r) => r.key],
      ["tokens", (r) => r.tokens],
      ["share", (r) => r.share],
      ["change on the week before", (r) => r.change],
      ["source", (r) => r.source.id],
    ];
    show(figure, name, null, plot, columns, rows, rows.map((r) => r.source));
  }

  async function parityChart(figure) {
    const name = "swe-bench-parity";
    const share = Number(document.getElementById("parity-price").value);
    const variables = { inputShare: share, at: document.getElementById("parity-at").value };
    const what = share === 1 ? "input" : share === 0 ? "output" : "blended";
    const data = (await run(name, variables)).benchmarkParity;
    const priced = data.rows.filter((r) => r.blendedUsdPerMillionTokens !== null);
    const onFrontier = new Set(data.frontier.map((f) => f.model.slug));
    const frontier = priced.filter((r) => onFrontier.has(r.model.slug));
    const price = (r) => Number(r.blendedUsdPerMillionTokens);
    const plot = Plot.plot({
      width: 900,
      height: 420,
      marginRight: 60,
      x: { type: "log", label: `${what} price on ${variables.at}, USD per million tokens`, grid: true, tickFormat: (d) => `$${d}` },
      y: { label: "score", grid: true },
      marks: [
        Plot.dot(priced, { x: price, y: "score", fill: "#999", r: 3, title: (r) => r.model.name }),
        Plot.line(frontier.slice().sort((a, b) => price(a) - price(b)), { x: price, y: "score", stroke: "#c0392b", curve: "step-after" }),
        Plot.dot(frontier, { x: price, y: "score", fill: "#c0392b", r: 5 }),
        Plot.text(frontier, { x: price, y: "score", text: (r) => r.model.name, dy: -10, fontSize: 10 }),
      ],
    });
    const columns = [
      ["model", (r) => r.model.name],
      ["score", (r) => r.score],
      ["gap to the leader", (r) => r.gap],
      [`${what} USD per million tokens`, (r) => r.blendedUsdPerMillionTokens],
      ["on the frontier", (r) => (onFrontier.has(r.model.slug) ? "yes" : "")],
      ["source", (r) => r.source.id],
    ];
    show(figure, name, variables, plot, columns, data.rows, data.rows.map((r) => r.source));
  }

  async function modelChart(figure, model) {
    const name = "model-page";
    const variables = { model };
    const m = (await run(name, variables)).model;
    figure.querySelector("h2").textContent = `${m.name} (${m.vendor ? m.vendor.name : "vendor unknown"})`;
    const listed = m.prices.filter((p) => ["input", "output"].includes(p.tokenKind) && p.tierMinTokens === 0);
    const providers = new Set(listed.map((p) => p.provider.slug)).size;
    const prices = Plot.plot({
      width: 440,
      height: 60 + 16 * providers,
      marginLeft: 120,
      x: { type: "log", label: "USD per million tokens", grid: true, tickFormat: (d) => `$${d}` },
      y: { label: null },
      color: { legend: true, label: "price of" },
      marks: [
        Plot.dot(listed, { y: (p) => p.provider.slug, x: (p) => Number(p.usdPerMillionTokens), fill: "tokenKind", r: 4, title: (p) => `${p.provider.slug} ${p.tokenKind} ${p.usdPerMillionTokens}` }),
      ],
    });
    const usage = Plot.plot({
      width: 440,
      height: 320,
      x: { type: "utc", label: "week" },
      y: { label: "tokens", grid: true, tickFormat: "~s" },
      marks: [Plot.lineY(m.usage, Plot.groupX({ y: "sum" }, { x: week, y: "tokens" })), Plot.dot(m.usage, { x: week, y: "tokens" })],
    });
    const columns = [
      ["figure", (r) => r.what],
      ["value", (r) => r.value],
      ["source", (r) => r.source.id],
    ];
    const rows = [
      ...listed.map((p) => ({ what: `${p.tokenKind} price on ${p.provider.slug}`, value: p.usdPerMillionTokens, source: p.source })),
      ...m.usage.map((u) => ({ what: `tokens ${u.periodStart}..${u.periodEnd} (${u.subjectLabel})`, value: u.tokens, source: u.source })),
      ...m.benchmarkResults.map((b) => ({ what: `${b.benchmark.name}${b.setting ? " (" + b.setting + ")" : ""}`, value: b.score, source: b.source })),
    ];
    const both = el("div", { class: "pair" }, prices, usage);
    show(figure, name, variables, both, columns, rows, rows.map((r) => r.source));
  }

  async function familyChart(figure) {
    const name = "largest-families";
    const families = (await run(name)).families.edges.map((e) => e.node);
    const rows = families.flatMap((f) => f.byRelation.map((b) => ({ family: f.model.name, relation: b.relation, count: b.count })));
    const plot = Plot.plot({
      width: 900,
      height: 360,
      marginLeft: 220,
      x: { label: "derivative models", grid: true },
      y: { label: null, domain: families.map((f) => f.model.name) },
      color: { legend: true, label: "relation" },
      marks: [Plot.barX(rows, Plot.stackX({ y: "family", x: "count", fill: "relation", title: "relation" }))],
    });
    const columns = [
      ["family (root model)", (r) => r.family],
      ["relation", (r) => r.relation],
      ["derivatives", (r) => r.count],
    ];
    show(figure, name, null, plot, columns, rows, families.flatMap((f) => f.sources));
  }

  const charts = {
    "share-by-country": (f) => shareChart(f, "share-by-country", "country"),
    "share-by-vendor": (f) => shareChart(f, "share-by-vendor", "vendor"),
    "swe-bench-parity": parityChart,
    "model-page": (f) => modelChart(f, document.getElementById("model-name").value),
    "largest-families": familyChart,
  };
  for (const figure of document.querySelectorAll("figure[data-chart]")) {
    charts[figure.dataset.chart](figure).catch((e) => failed(figure, e));
  }
  for (const [form, chart] of [["model-form", "model-page"], ["parity-form", "swe-bench-parity"]]) {
    document.getElementById(form).addEventListener("submit", (event) => {
      event.preventDefault();
      const figure = document.querySelector(`figure[data-chart="${chart}"]`);
      charts[chart](figure).catch((e) => failed(figure, e));
    });
  }
})();
