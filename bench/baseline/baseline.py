#!/usr/bin/python3
"""Classical baseline for the text classifiers (issue 7, part 2).

TF-IDF character 2-5-grams (within word boundaries, 'char_wb') plus word 1-2-grams, sublinear TF,
fed to scikit-learn's LinearSVC (C=1). Measurement only: Debian's python3-sklearn, never a runtime
dependency of Ekhtyar.

The data sets and their held-out splits are the same as bench/ai.bench.ts (bench/lib/ai-datasets.ts):
rows with an empty text or label, and rows of a label that occurs only once, are dropped; the split is stratified with a fixed seed: within each
label, rows are ordered by FNV-1a-32 of "<seed>:<row index>" and the first 20% (rounded, at least one
when the label has two or more rows) are the test slice. The Urdu news set uses its own split column.

Run:  /usr/bin/python3 bench/baseline/baseline.py [DATA_DIR]   (default ../shared/data, from the repo root)
Writes bench/baseline/results.json.
"""
import csv
import json
import os
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

SEED = 20261129
TEST_SHARE = 0.2
csv.field_size_limit(sys.maxsize)


def fnv1a(text):
    h = 0x811C9DC5
    for b in text.encode('utf-8'):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def stratified_split(labels):
    by_label = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    test = set()
    for rows in by_label.values():
        rows = sorted(rows, key=lambda i: (fnv1a(f'{SEED}:{i}'), i))
        n = round(len(rows) * TEST_SHARE)
        if n == 0 and len(rows) >= 2:
            n = 1
        test.update(rows[:n])
    return [i for i in range(len(labels)) if i not in test], sorted(test)


def clean(rows):
    rows = [(t, l) for t, l in rows if t is not None and l is not None and t.strip() != '' and l.strip() != '']
    # A label written once (a typo such as 'Neative') can be neither learnt nor tested: its row is dropped.
    counts = {}
    for _, l in rows:
        counts[l] = counts.get(l, 0) + 1
    return [(t, l) for t, l in rows if counts[l] >= 2]


def load(data_dir):
    p = lambda *a: os.path.join(data_dir, *a)
    sets = {}
    with open(p('complaints_text', 'sambodhan_grievances_train.csv'), newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    sets['sambodhan-department'] = clean([(r['grievance'], r['department']) for r in rows])
    sets['sambodhan-urgency'] = clean([(r['grievance'], r['urgency']) for r in rows])
    with open(p('complaints_text', 'cfpb_narratives_ibm_train_700.json'), encoding='utf-8') as f:
        sets['cfpb-product'] = clean([(r['input'], r['output']) for r in json.load(f)])
    with open(p('multilingual', 'roman_urdu_uci.csv'), newline='', encoding='utf-8') as f:
        sets['roman-urdu-sentiment'] = clean([(r[0], r[1]) for r in csv.reader(f) if len(r) >= 2])
    with open(p('multilingual', 'roman_urdu_hate_speech_task_2_train.tsv'), newline='', encoding='utf-8') as f:
        sets['roman-urdu-hate'] = clean([(r[0], r[1]) for r in csv.reader(f, delimiter='\t', quoting=csv.QUOTE_NONE) if len(r) >= 2])
    with open(p('multilingual', 'urdu_bend_the_truth_news.csv'), newline='', encoding='utf-8') as f:
        rows = [r for r in csv.DictReader(f) if r['text'].strip() and r['domain_code'].strip()]
    sets['urdu-news-domain'] = ([(r['text'], r['domain_code']) for r in rows if r['split'] == 'train'],
                                [(r['text'], r['domain_code']) for r in rows if r['split'] == 'test'])
    out = {}
    for name, data in sets.items():
        if isinstance(data, tuple):
            out[name] = data
        else:
            train, test = stratified_split([l for _, l in data])
            out[name] = ([data[i] for i in train], [data[i] for i in test])
    return out


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join('..', 'shared', 'data')
    results = {'method': 'sklearn TfidfVectorizer(char_wb 2-5, sublinear_tf) + TfidfVectorizer(word 1-2, sublinear_tf) + LinearSVC(C=1)',
               'seed': SEED, 'testShare': TEST_SHARE, 'datasets': {}}
    for name, (train, test) in load(data_dir).items():
        features = FeatureUnion([
            ('char', TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 5), sublinear_tf=True, min_df=1)),
            ('word', TfidfVectorizer(analyzer='word', ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
        ])
        started = time.time()
        x_train = features.fit_transform([t for t, _ in train])
        model = LinearSVC(C=1.0).fit(x_train, [l for _, l in train])
        seconds = time.time() - started
        predicted = model.predict(features.transform([t for t, _ in test]))
        truth = [l for _, l in test]
        results['datasets'][name] = {
            'train': len(train), 'test': len(test), 'labels': len(set(l for _, l in train)),
            'accuracy': round(accuracy_score(truth, predicted), 4),
            'macroF1': round(f1_score(truth, predicted, average='macro'), 4),
            'trainSeconds': round(seconds, 2),
        }
        print(name, results['datasets'][name], flush=True)
    with open(os.path.join(os.path.dirname(__file__), 'results.json'), 'w') as f:
        json.dump(results, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
