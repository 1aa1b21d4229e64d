"""Notebook dashboards: a Jupyter notebook (or a zip bundle with ``index.ipynb``) uploaded
to a path, stored as versions under the instance folder, and drawn from its saved outputs
by the widget renderers that draw every dashboard, without a kernel.

``reading`` checks an upload and unpacks it, ``files`` keeps each version's files,
``service`` decides and saves, ``outputs``/``layout``/``render`` turn a notebook into
widget outputs, and ``render_cache`` keeps them per version.
"""
