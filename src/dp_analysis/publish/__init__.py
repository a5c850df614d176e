"""The monthly refresh: run the notebooks, render them and publish a static site.

Modules, in the order a refresh uses them:

- :mod:`~dp_analysis.publish.lock`: one refresh at a time;
- :mod:`~dp_analysis.publish.execute`: papermill runs of the notebooks, on
  warm kernels;
- :mod:`~dp_analysis.publish.render`: executed notebooks to accessible HTML
  fragments, code hidden, charts and the tables behind them extracted;
- :mod:`~dp_analysis.publish.trend`: the month's headline counts and the
  trend over the months already published;
- :mod:`~dp_analysis.publish.site`: page layout and the site's files;
- :mod:`~dp_analysis.publish.swap`: the atomic switch to the new site;
- :mod:`~dp_analysis.publish.refresh`: the orchestrator calling them in order.
"""
