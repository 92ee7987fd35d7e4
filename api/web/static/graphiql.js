// Starts GraphiQL on the page: the endpoint, the first query and the tabs
// come from the page's JSON config (no inline script, so the content
// security policy can forbid every script but the server's own files).
(function () {
  const config = JSON.parse(document.getElementById("tokenatlas-config").textContent);
  const fetcher = GraphiQL.createFetcher({ url: config.endpoint });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      defaultTabs: config.tabs,
      plugins: [explorer],
      defaultEditorToolsVisibility: true,
    })
  );
})();
