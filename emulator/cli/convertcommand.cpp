#include "command.h"

#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <cstdio>

namespace infrastage::cli {

namespace {

int runConvert(const QStringList &args) {
    if (args.size() != 2 || args.at(0).startsWith(QLatin1Char('-'))) {
        std::fprintf(stderr,
                     "usage: infrastage-cli convert IN OUT   (.infra.json <-> .infrastage)\n");
        return ExitBadInput;
    }
    TopologyData topology;
    QString error;
    if (!TopologyFile::load(args.at(0), &topology, &error)) {
        std::fprintf(stderr, "convert: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    if (!TopologyFile::save(args.at(1), topology, &error)) {
        std::fprintf(stderr, "convert: %s\n", qPrintable(error));
        return ExitFindings;
    }
    return ExitOk;
}

const CommandRegistration registration({"convert", "convert IN OUT",
                                        "convert between .infra.json and the .infrastage "
                                        "project file",
                                        runConvert});

} // namespace

} // namespace infrastage::cli
