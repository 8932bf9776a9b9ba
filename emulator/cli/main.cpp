// infrastage-cli: everything the GUI does, as commands, so it can be scripted and tested.
#include "command.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace infrastage::cli;

namespace {

const Command kCommands[] = {
    {"check", "check FILE [--format text|json|sarif]",
     "find single points of failure, security holes and other weaknesses", runCheck},
    {"convert", "convert IN OUT", "convert between .infra.json and the .infrastage project file",
     runConvert},
};

int usage(FILE *out)
{
    QTextStream s(out);
    s << "usage: infrastage-cli COMMAND [ARGS...]\n\ncommands:\n";
    for (const Command &c : kCommands)
        s << "  " << QString::fromLatin1(c.usage).leftJustified(60) << "\n      "
          << c.summary << "\n";
    return out == stdout ? ExitOk : ExitBadInput;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("infrastage-cli"));
    QStringList args = app.arguments().mid(1);
    if (args.isEmpty())
        return usage(stderr);
    const QString name = args.takeFirst();
    if (name == QLatin1String("--help") || name == QLatin1String("-h") ||
        name == QLatin1String("help"))
        return usage(stdout);
    for (const Command &c : kCommands) {
        if (name == QLatin1String(c.name))
            return c.run(args);
    }
    std::fprintf(stderr, "infrastage-cli: unknown command '%s'\n", qPrintable(name));
    return usage(stderr);
}
