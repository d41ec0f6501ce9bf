from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    """What `collectstatic` leaves out of viewflow's static files, because no page uses it:

    - the npm build folders (`node_modules/`) that viewflow ships beside the files it uses;
      one of their stylesheets points at fonts that are not in the package, which the
      manifest storage of production rightly refuses;
    - the scripts of viewflow's Plotly Dash integration (`viewflow.contrib.plotly`, not
      installed here): 20 MB that would be hashed and compressed at every deploy.

    Every file a page does use is still checked (no `manifest_strict = False`).
    """

    ignore_patterns = [
        *DjangoStaticFilesConfig.ignore_patterns,
        "node_modules",
        "viewflow/js/contrib/dash/*",
    ]
