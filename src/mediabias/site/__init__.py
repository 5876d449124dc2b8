"""Execute the notebooks (:mod:`.execute`, ``python -m mediabias.site``), build the HTML site (:mod:`.build`) and
check it in a browser (:mod:`.check`)."""
