#include "supervision-svc/service.h"

int main(int argc, char** argv) { return xianfu::RunService(xianfu::supervision::Definition(), argc, argv); }
