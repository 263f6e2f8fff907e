print("fake-exchange")
