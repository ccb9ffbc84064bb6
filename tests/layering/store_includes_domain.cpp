// Control case: the store layer sees the domain and its own interface.
#include "domain/customer.hpp"
#include "store/store.hpp"
