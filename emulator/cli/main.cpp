// infrastage-cli: everything the GUI does, as commands, so it can be scripted and tested.
#include "command.h"

#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

namespace infrastage::cli {

namespace {
QList<Command> &commands() {
    static QList<Command> list;
    return list;
}
} // namespace

CommandRegistration::CommandRegistration(const Command &command) {
    commands().append(command);
}

const QList<Command> &registeredCommands() {
    return commands();
}

} // namespace infrastage::cli

using namespace infrastage::cli;

namespace {

int usage(FILE *out) {
    QList<Command> list = registeredCommands();
    std::sort(list.begin(), list.end(),
              [](const Command &a, const Command &b) { return qstrcmp(a.name, b.name) < 0; });
    QTextStream s(out);
    s << "usage: infrastage-cli COMMAND [ARGS...]\n\ncommands:\n";
    for (const Command &c : list)
        s << "  " << c.usage << "\n      " << c.summary << "\n";
    return out == stdout ? ExitOk : ExitBadInput;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("infrastage-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INFRASTAGE_VERSION));
    QStringList args = app.arguments().mid(1);
    if (args.isEmpty())
        return usage(stderr);
    const QString name = args.takeFirst();
    if (name == QLatin1String("--help") || name == QLatin1String("-h") ||
        name == QLatin1String("help"))
        return usage(stdout);
    if (name == QLatin1String("--version")) {
        std::printf("infrastage-cli %s\n", INFRASTAGE_VERSION);
        return ExitOk;
    }
    for (const Command &c : registeredCommands()) {
        if (name == QLatin1String(c.name))
            return c.run(args);
    }
    std::fprintf(stderr, "infrastage-cli: unknown command '%s'\n", qPrintable(name));
    return usage(stderr);
}
