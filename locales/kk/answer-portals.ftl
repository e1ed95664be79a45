answer-portals = Қолданыстағы ережелер мен нысандар: { $portals }
