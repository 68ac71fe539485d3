/** What Zapier hands to perform: headers other than Content-Type/Length get an `Http-` prefix and Camel-Case. */
function asZapierRequest(headers, body) {
  const zh = {};
  for (const [k, v] of Object.entries(headers)) {
    const camel = k.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join('-');
    zh[/^content-(type|length)$/i.test(k) ? camel : `Http-${camel}`] = v;
  }
  return { rawRequest: { method: 'POST', querystring: '', headers: zh, content: body }, cleanedRequest: JSON.parse(body) };
}

module.exports = { asZapierRequest };
