#include "document-svc/service.h"

int main(int argc, char** argv) { return xianfu::RunService(xianfu::document::Definition(), argc, argv); }
