answer-portals = Amaldagi qoidalar va shakllar: { $portals }
