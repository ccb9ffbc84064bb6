// Boost.URL's implementation, compiled once (Debian packages it as headers only).
#include <boost/url/src.hpp>
