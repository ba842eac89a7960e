"""Everything mlpath keeps in, and runs on, Neo4j.

The in-memory half of ``graph/`` (models, seed files, validation, the
networkx graph) never imports this package; only code that talks to a
database does, and the driver itself is imported inside the functions that
need it, so importing these modules stays cheap.

Modules, each with one job:

``cypher``
    every Cypher statement mlpath runs itself, as named constants;
``queries/*.cypher`` and ``cookbook``
    the curriculum designer's named read queries, parsed and run;
``store``
    the schema and reading a curriculum back;
``sync``
    making the database hold exactly a validated curriculum;
``guard``
    running a stranger's Cypher read-only and within bounds.

New stores (for example learners) belong here beside ``store`` and keep the
same habits: statements in ``cypher``, parameters only, one driver passed in
by the caller.
"""
