forget-confirm = Delete everything I keep about you (language, searches in progress, subscriptions)? This cannot be undone.
forget-done = Done: I have deleted everything I kept about you. Send /start to begin again.
choice-forget-yes = Yes, delete
choice-forget-no = No, keep
