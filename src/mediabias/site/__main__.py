from mediabias.site.execute import main

raise SystemExit(main())
