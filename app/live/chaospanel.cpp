#include "chaospanel.h"

#include "gateway/chaosverdict.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace infrastage::gui {

namespace {
QString share(double v) {
    return v < 0 ? QCoreApplication::translate("ChaosPanel", "did not start")
                 : QStringLiteral("%1 %").arg(v * 100, 0, 'f', 0);
}
} // namespace

ChaosPanel::ChaosPanel(QWidget *parent)
    : QWidget(parent)
    , m_measure(new QPushButton(tr("Measure Single Points of Failure"), this))
    , m_status(new QLabel(this))
    , m_table(new QTableWidget(0, 6, this)) {
    m_measure->setObjectName(QStringLiteral("measureChaos"));
    m_measure->setToolTip(tr("Fail each node and cut each internet link in turn on a fresh run of "
                             "the design and measure "
                             "the reads and writes that still succeed"));
    m_table->setHorizontalHeaderLabels({tr("Failed node or link"), tr("Reads ok"), tr("Writes ok"),
                                        tr("Measured"), tr("Predicted (analysis)"), tr("")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_measure);
    bar->addWidget(m_status, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_table);
    connect(m_measure, &QPushButton::clicked, this, &ChaosPanel::measureRequested);
    setCanMeasure(true);
}

void ChaosPanel::setCanMeasure(bool can, const QString &why) {
    m_measure->setEnabled(can);
    if (!why.isEmpty())
        m_status->setText(why);
}

void ChaosPanel::begin() {
    m_table->setRowCount(0);
    m_disagreements = 0;
    m_measure->setEnabled(false);
    m_status->setText(tr("Measuring…"));
}

void ChaosPanel::setProgress(const QString &text) {
    m_status->setText(text);
}

void ChaosPanel::addRow(const runtime::ChaosRow &row) {
    const runtime::ChaosVerdict verdict = runtime::ChaosVerdict::judge(row, m_findings);
    const QStringList &rules = verdict.rules;
    QStringList measured;
    if (verdict.readsFail)
        measured << tr("reads fail");
    if (verdict.writesFail)
        measured << tr("writes fail");
    const bool agree = verdict.agrees();
    m_disagreements += !agree;
    const int r = m_table->rowCount();
    m_table->insertRow(r);
    const QString failed =
        row.failure == runtime::ChaosFailure::Cut ? tr("%1 (cut)").arg(row.node) : row.node;
    const QStringList cells = {failed,
                               share(row.read),
                               share(row.write),
                               measured.isEmpty() ? tr("survives") : measured.join(", "),
                               rules.isEmpty() ? tr("no SPOF") : rules.join(' '),
                               agree ? tr("agree") : tr("DISAGREE")};
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells.at(c));
        if (!agree)
            item->setBackground(QColor(0xff, 0xe0, 0xb2));
        m_table->setItem(r, c, item);
    }
}

void ChaosPanel::finish() {
    m_measure->setEnabled(true);
    m_status->setText(m_disagreements == 0
                          ? tr("%1 failures measured; the analysis agrees with every one.")
                                .arg(m_table->rowCount())
                          : tr("%1 failures measured; %2 disagree with the analysis (highlighted).")
                                .arg(m_table->rowCount())
                                .arg(m_disagreements));
}

int ChaosPanel::rows() const {
    return m_table->rowCount();
}

} // namespace infrastage::gui
