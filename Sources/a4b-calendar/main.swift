print("a4b-calendar")
