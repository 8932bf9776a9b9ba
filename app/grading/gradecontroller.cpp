#include "gradecontroller.h"

#include "document/document.h"
#include "gradedialog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QThread>

#include <memory>

namespace infrastage::gui {

GradeController::GradeController(Document *document, QWidget *window)
    : QObject(window)
    , m_document(document)
    , m_window(window) {
    const QString cli = QCoreApplication::applicationDirPath() + QStringLiteral("/infrastage-cli");
    if (QFileInfo(cli).isExecutable())
        m_cli = cli;
}

GradeController::~GradeController() {
    if (m_thread)
        m_thread->wait();
}

GradeDialog *GradeController::dialog() const {
    return m_dialog;
}

void GradeController::fillMenu(QMenu *menu) {
    const QDir shipped(Rubric::shippedFolder());
    for (const QFileInfo &f :
         shipped.entryInfoList({QStringLiteral("*.rubric")}, QDir::Files, QDir::Name)) {
        Rubric rubric;
        QString error;
        const QString title = Rubric::load(f.filePath(), &rubric, &error) && !rubric.title.isEmpty()
                                  ? QStringLiteral("%1 (%2)").arg(rubric.title, f.baseName())
                                  : f.baseName();
        QAction *a = menu->addAction(title);
        a->setObjectName(QStringLiteral("grade:") + f.baseName());
        const QString path = f.filePath();
        connect(a, &QAction::triggered, this, [this, path] { gradeAgainst(path); });
    }
    menu->addSeparator();
    QAction *file = menu->addAction(tr("Rubric &File…"));
    file->setObjectName(QStringLiteral("grade:file"));
    connect(file, &QAction::triggered, this, &GradeController::gradeAgainstFile);
}

void GradeController::gradeAgainstFile() {
    const QString path =
        QFileDialog::getOpenFileName(m_window, tr("Grade against rubric"), Rubric::shippedFolder(),
                                     tr("Rubrics (*.rubric);;All files (*)"));
    if (!path.isEmpty())
        gradeAgainst(path);
}

bool GradeController::gradeAgainst(const QString &rubricPath) {
    m_lastError.clear();
    if (m_thread) {
        m_lastError = tr("A grading is still running.");
        return false;
    }
    Rubric rubric;
    QString error;
    if (!Rubric::load(rubricPath, &rubric, &error)) {
        m_lastError = error;
        if (m_interactive)
            QMessageBox::warning(m_window, tr("Cannot read the rubric"), error);
        return false;
    }
    if (!m_dialog)
        m_dialog = new GradeDialog(m_window);
    bool runs = false;
    for (const Criterion &c : rubric.criteria)
        runs = runs || (c.check == CriterionCheck::Runs && !m_cli.isEmpty());
    m_dialog->showProgress(rubric, runs);
    m_dialog->show();
    m_dialog->raise();

    // The design as it is now, unsaved edits included; the thread works on its own copy.
    const TopologyData design = m_document->data();
    const QString answer =
        m_document->path().isEmpty() ? m_document->displayName() : m_document->path();
    auto result = std::make_shared<Grade>();
    m_thread = QThread::create(
        [design, rubric, cli = m_cli, result] { *result = Grader::grade(design, rubric, cli); });
    connect(m_thread, &QThread::finished, this, [this, result, answer] {
        m_thread->deleteLater();
        m_thread = nullptr;
        result->answer = answer;
        if (m_dialog)
            m_dialog->showGrade(*result);
        Q_EMIT graded();
    });
    m_thread->start();
    return true;
}

} // namespace infrastage::gui
