// Starts GraphiQL on the page: the endpoint, the first query and the tabs
// come from the page's JSON config (no inline script, so the content
// security policy can forbid every script but the server's own files).
(function () {
  const config = JSON.parse(document.getElementById("tokenatlas-config").textContent);
  // A link may carry a query to open (the charts page links each chart's).
  const params = new URLSearchParams(window.location.search);
  const fetcher = GraphiQL.createFetcher({ url: config.endpoint });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      defaultTabs: config.tabs,
      query: params.get("query") || undefined,
      variables: params.get("variables") || undefined,
      plugins: [explorer],
      defaultEditorToolsVisibility: true,
    })
  );
})();
