answer-portals = Действующие правила и формы: { $portals }
