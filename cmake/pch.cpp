// Compiled only to build the precompiled header that seatshift_pch shares (CMakeLists.txt).
