"""The local web page, an adapter like the CLI and the ribbon: ``xltool serve`` runs it on 127.0.0.1.

``server`` holds the Starlette app (routes, token and Host checks, upload limits), ``jobs`` the temporary folders
uploads are processed in, ``views`` the data the page draws (the official tables with marked cells). Every answer
comes from the same library calls as the command line; the page itself is static HTML, CSS and JavaScript in
``static/``, served from this package (no CDN, nothing leaves the machine).
"""
