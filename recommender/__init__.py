"""Personalised least-effort learning paths over a :class:`~graph.curriculum.CurriculumGraph`.

Entry points: :func:`recommender.service.recommend`, :func:`recommender.service.next_steps`
and :func:`recommender.service.match` take free text; :func:`recommender.planner.plan`
takes node ids.  Nothing here is imported eagerly, so importing the package stays
cheap for the command line; scipy and scikit-learn load on first use.
"""
