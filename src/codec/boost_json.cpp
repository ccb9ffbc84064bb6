// Boost.JSON's implementation, compiled once for the whole program (Debian packages Boost.JSON
// as headers only).
#include <boost/json/src.hpp>
