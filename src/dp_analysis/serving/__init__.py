"""Serving the dashboards: Voilà, standalone, read-only, on 127.0.0.1.

- :mod:`~dp_analysis.serving.app`: the server application and its start-up;
- :mod:`~dp_analysis.serving.kernels`: kernel culling that spares pages
  which have not connected yet;
- :mod:`~dp_analysis.serving.files`: no file outside ``dashboards/``.
"""
