notice-header = Жол-жобо өзгөрдү: { $product }, { $origin } → { $destination }
notice-added = • Жаңы кадам: { $step }
notice-changed = • Жаңыртылды: { $step }
notice-removed = • Мындан ары керек эмес: { $step }
notice-footer = Бардык кадамдарды көрүү үчүн кайра издеңиз. Бул билдирүүлөрдү токтотуу үчүн: /subscriptions.
