import { debriefNote, evaluationNote, type SharedDebriefRow, type SharedEvaluationRow } from './shared-notes';

const debrief = (over: Partial<SharedDebriefRow> = {}): SharedDebriefRow => ({
  participantId: 1, debriefId: 2, sessionTitle: 'Ambassadeurs des métiers : le gros œuvre', on: '2026-11-20',
  interests: [{ code: 'F1701', label: 'Coffreur / Coffreuse', interest: 'YES' }, { code: 'F1703', label: 'Maçon / Maçonne', interest: 'MAYBE' }],
  wishes: ['IMMERSION', 'JOB_DATING'], comment: 'A posé beaucoup de questions.', ...over,
});

const evaluation = (over: Partial<SharedEvaluationRow> = {}): SharedEvaluationRow => ({
  participantId: 1, evaluationId: 3, offerTitle: 'Immersion coffreur-bancheur', on: '2026-12-01',
  competences: [{ code: 103771, label: 'Monter un mur', level: 'PRACTISING' }, { code: 104000, label: 'Lire un plan', level: 'NOT_OBSERVED' }],
  punctuality: 'MASTERED', teamwork: 'BEGINNER', instructions: 'PRACTISING', companySatisfaction: 5, participantSatisfaction: 4, comment: 'Très à l’aise.', ...over,
});

describe('debriefNote', () => {
  it('prints the interest per métier, the wishes and the comment in French', () => {
    expect(debriefNote(debrief())).toEqual({
      heading: 'Débrief', on: '2026-11-20', about: 'Ambassadeurs des métiers : le gros œuvre',
      lines: ['Coffreur / Coffreuse (F1701) : Oui', 'Maçon / Maçonne (F1703) : Peut-être', 'Envies pour la suite : une immersion, un job dating', 'Commentaire : A posé beaucoup de questions.'],
    });
  });

  it('leaves out the wishes when none and the comment once erased', () => {
    expect(debriefNote(debrief({ interests: [{ code: 'F1701', label: 'Coffreur / Coffreuse', interest: 'NO' }], wishes: [], comment: null })).lines).toEqual(['Coffreur / Coffreuse (F1701) : Non']);
  });
});

describe('evaluationNote', () => {
  it('prints each compétence with its level, the attitudes, both satisfactions and the comment in French', () => {
    expect(evaluationNote(evaluation())).toEqual({
      heading: 'Évaluation d’immersion', on: '2026-12-01', about: 'Immersion coffreur-bancheur',
      lines: [
        'Monter un mur : En cours d’acquisition', 'Lire un plan : Non observé', 'Ponctualité : Maîtrisé', 'Travail en équipe : Débutant',
        'Respect des consignes : En cours d’acquisition', 'Satisfaction de l’entreprise : 5/5', 'Satisfaction de la personne accueillie : 4/5', 'Commentaire du tuteur : Très à l’aise.',
      ],
    });
  });

  it('leaves out the comment once erased', () => {
    expect(evaluationNote(evaluation({ comment: null })).lines.some((l) => l.startsWith('Commentaire'))).toBe(false);
  });
});
