answer-portals = Hereket edýän düzgünler we görnüşler: { $portals }
