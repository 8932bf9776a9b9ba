// infrastage: the designer. Opens the file named on the command line, else an empty design.
#include "canvas/diagramscene.h"
#include "canvas/iconcache.h"
#include "document/filecontroller.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("infrastage"));
    QApplication::setOrganizationName(QStringLiteral("Infrastage"));
    QApplication::setApplicationDisplayName(QStringLiteral("Infrastage"));
    QApplication::setApplicationVersion(QStringLiteral(INFRASTAGE_VERSION));
    infrastage::gui::initResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/infrastage.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Design web infrastructure and run it for real."));
    parser.addHelpOption();
    parser.addVersionOption();
    // For screenshots and demonstrations: what to show selected once the file is open.
    const QCommandLineOption select(QStringLiteral("select"),
                                    QApplication::translate("main", "Select node ID."),
                                    QStringLiteral("ID"));
    const QCommandLineOption finding(
        QStringLiteral("finding"),
        QApplication::translate("main", "Show the finding of rule RULE."), QStringLiteral("RULE"));
    parser.addOptions({select, finding});
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QApplication::translate("main", "A design to open."));
    parser.process(app);

    infrastage::gui::MainWindow window;
    window.show();
    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty()) {
        if (window.files()->openPath(files.first())) {
            if (parser.isSet(finding))
                window.showFinding(parser.value(finding));
            if (parser.isSet(select))
                window.scene()->selectIds({parser.value(select)});
        }
    } else
        QTimer::singleShot(0, &window, [&window] { window.files()->offerRecovery(); });
    return app.exec();
}
