// A blocking classic script in <head>: sets the theme before the first paint, so a stored dark theme
// doesn't flash light. demo.js owns the toggle and tells Kith.
try {
  const stored = localStorage.getItem('northwind-demo:theme');
  const system = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.dataset.theme =
    stored === 'dark' || stored === 'light' ? stored : system;
} catch {
  // Storage blocked: demo.css follows the system theme.
}
