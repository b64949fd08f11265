package org.safemerge.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BIO-like domain: eight relations over a fact table the project wrote (animals, organs, elements), 20 facts
 * each, asked in five core phrasings. A question is one core phrasing of a fact inside one of the
 * {@link Phrasing#WRAPPERS}; answers are one short word or number.
 */
public enum BioRelation {
    LEGS("legs", List.of("how many legs does a {e} have?", "a {e} has how many legs?", "count the legs of a {e}.",
            "number of legs on a {e}?", "tell me how many legs a {e} has."),
            "spider=8 ant=6 dog=4 hen=2 snake=0 crab=10 bee=6 horse=4 duck=2 beetle=6 scorpion=8 tick=8 goose=2"
                    + " lizard=4 worm=0 lobster=10 moth=6 frog=4 owl=2 eel=0"),
    SOUND("sound", List.of("what sound does a {e} make?", "a {e} says what?", "which noise does a {e} make?",
            "what does a {e} say?", "the sound of a {e} is?"),
            "cow=moo cat=meow dog=woof duck=quack sheep=baa pig=oink lion=roar snake=hiss owl=hoot horse=neigh"
                    + " bee=buzz frog=croak crow=caw mouse=squeak goat=bleat wolf=howl hen=cluck dove=coo"
                    + " donkey=bray turkey=gobble"),
    YOUNG("young", List.of("what is a baby {e} called?", "a young {e} is called?", "name for a baby {e}?",
            "what do we call a young {e}?", "the baby of a {e} is a?"),
            "cow=calf cat=kitten dog=puppy sheep=lamb horse=foal goat=kid frog=tadpole kangaroo=joey bear=cub"
                    + " deer=fawn swan=cygnet goose=gosling hen=chick pig=piglet owl=owlet eagle=eaglet seal=pup"
                    + " whale=calf lion=cub duck=duckling"),
    ORGAN("organ", List.of("which organ {e}?", "what organ {e}?", "the organ that {e} is?",
            "name the organ that {e}.", "which body part {e}?"),
            "pumps_blood=heart filters_blood=kidney takes_in_air=lung digests_food=stomach controls_the_body=brain"
                    + " makes_bile=liver covers_the_body=skin senses_light=eye senses_sound=ear senses_smell=nose"
                    + " stores_bile=gallbladder makes_insulin=pancreas absorbs_food=intestine stores_urine=bladder"
                    + " moves_the_bones=muscle tastes_food=tongue holds_the_brain=skull carries_food_down=esophagus"
                    + " cleans_lymph=spleen makes_red_cells=marrow"),
    SYMBOL("symbol", List.of("what is the symbol for {e}?", "the chemical symbol of {e} is?",
            "symbol of the element {e}?", "which symbol stands for {e}?", "give the element symbol for {e}."),
            "iron=fe gold=au silver=ag oxygen=o carbon=c sodium=na helium=he copper=cu lead=pb tin=sn zinc=zn"
                    + " neon=ne nitrogen=n hydrogen=h calcium=ca potassium=k sulfur=s mercury=hg iodine=i"
                    + " chlorine=cl"),
    HOME("home", List.of("where does a {e} live?", "a {e} lives in a?", "what is the home of a {e}?",
            "name the home of a {e}.", "which home does a {e} use?"),
            "bee=hive bird=nest rabbit=burrow bear=den spider=web fox=den beaver=lodge horse=stable pig=sty ant=hill"
                    + " dog=kennel cow=barn hen=coop wasp=nest mole=tunnel bat=cave fish=pond lion=den eagle=eyrie"
                    + " otter=holt"),
    GROUP("group", List.of("what is a group of {e} called?", "a group of {e} is a?", "name for many {e} together?",
            "many {e} together form a?", "what do we call a group of {e}?"),
            "wolves=pack fish=school cows=herd birds=flock lions=pride bees=swarm crows=murder geese=gaggle"
                    + " whales=pod ants=colony owls=parliament sheep=flock puppies=litter horses=herd monkeys=troop"
                    + " dolphins=pod locusts=plague ducks=raft kittens=litter zebras=dazzle"),
    COLOR("color", List.of("what color is a {e}?", "a {e} is what color?", "the color of a {e} is?",
            "which color is a {e}?", "tell me the color of a {e}."),
            "flamingo=pink crow=black swan=white canary=yellow frog=green ladybug=red polar_bear=white raven=black"
                    + " banana=yellow leaf=green blood_cell=red panther=black lemon=yellow tomato=red cucumber=green"
                    + " snow_owl=white carrot=orange plum=purple sky=blue cardinal=red");

    private final String id;
    private final List<String> cores;
    private final Map<String, String> facts;

    BioRelation(String id, List<String> cores, String table) {
        this.id = id;
        this.cores = cores;
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : table.split(" ")) {
            String[] kv = pair.split("=");
            map.put(kv[0].replace('_', ' '), kv[1]);
        }
        this.facts = java.util.Collections.unmodifiableMap(map);
    }

    /** @return the relation's id, used as the question's category (e.g. {@code legs}) */
    public String id() {
        return id;
    }

    /** @return the core phrasings, each with an {@code {e}} slot for the entity */
    public List<String> cores() {
        return cores;
    }

    /** @return entity to answer, in table order */
    public Map<String, String> facts() {
        return facts;
    }

    /**
     * The question for one entity in one phrasing: {@code phrasing} indexes core x wrapper (see {@link Phrasing});
     * "a" becomes "an" before a vowel.
     */
    public String question(String entity, int phrasing) {
        String core = " " + cores.get(Phrasing.core(phrasing)).replace("{e}", entity);
        for (char v : "aeiou".toCharArray()) {
            core = core.replace(" a " + v, " an " + v);
        }
        return Phrasing.wrap(core.substring(1), phrasing);
    }

    /** @return the relation with this id */
    public static BioRelation of(String id) {
        for (BioRelation r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown bio relation '" + id + "'; expected one of "
                + java.util.Arrays.stream(values()).map(BioRelation::id).toList());
    }
}
