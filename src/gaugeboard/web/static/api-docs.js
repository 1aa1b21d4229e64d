// Starts Swagger UI on /api/docs with the document URL the page names (no inline script).
const root = document.getElementById("swagger-ui");
window.SwaggerUIBundle({
  url: root.dataset.document,
  domNode: root,
  deepLinking: true,
  validatorUrl: null,
});
