answer-portals = Current rules and forms: { $portals }
