"""The local explorer and SPARQL endpoint behind `sanctiongraph serve` (Starlette + uvicorn)."""
