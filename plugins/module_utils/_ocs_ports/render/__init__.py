# Renderers: pure functions from rules/flows to text. Same input, same bytes out.
